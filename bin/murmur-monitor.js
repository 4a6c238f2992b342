#!/usr/bin/env node
// Entry for the `murmur-monitor` command: the compiled CLI lives in dist/ (npm run build).
import '../dist/main/cli.js';
