// Preload entry, bundled by scripts/build.mjs into dist/preload.cjs (a sandboxed preload may require only 'electron').
import { contextBridge, ipcRenderer } from 'electron';
import { RENDERER_API_GLOBAL } from './ipc-contract.js';
import { createPreloadApi } from './preload-api.js';

contextBridge.exposeInMainWorld(RENDERER_API_GLOBAL, createPreloadApi(ipcRenderer));
