// The settings form's sections, built from the draft. Structural changes (a source added or removed)
// call `rerender`; plain edits only update the draft.
import type { DiscoveredServer } from '../../main/contract.js';
import { el, notice } from '../dom.js';
import { suggestSourceName, type SettingsDraft } from './draft.js';
import { button, checkbox, numberField, section, textArea, textField } from './fields.js';

export interface SectionActions {
  rerender(): void;
  pickLogFile(): Promise<string | null>;
  discover(): Promise<DiscoveredServer[]>;
}

function timeZoneList(): HTMLDataListElement {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return el('datalist', { attrs: { id: 'time-zones' } }, ...zones.map((zone) => el('option', { attrs: { value: zone } })));
}

function addSource(draft: SettingsDraft, path: string, capacity?: number): void {
  const name = suggestSourceName(path, draft.sources.map((source) => source.name));
  draft.sources.push({ name, path, timezone: '', capacity: capacity === undefined ? '' : String(capacity) });
}

function removeButton(list: unknown[], index: number, actions: SectionActions): HTMLButtonElement {
  return button('Remove', () => {
    list.splice(index, 1);
    actions.rerender();
  }, 'danger');
}

function sourceRow(draft: SettingsDraft, index: number, actions: SectionActions): HTMLElement {
  const source = draft.sources[index];
  if (source === undefined) return el('div');
  const prefix = `sources.${index}`;
  const browse = button('Browse…', () => {
    void actions.pickLogFile().then((path) => {
      if (path === null) return;
      source.path = path;
      actions.rerender();
    });
  });
  return el(
    'div',
    { className: 'source-row', attrs: { 'data-source-index': String(index) } },
    textField('Name', `${prefix}.name`, source.name, (v) => (source.name = v), { maxlength: '40' }),
    textField('Log', `${prefix}.path`, source.path, (v) => (source.path = v), {
      class: 'path',
      title: "A log file's path, journal:UNIT (the systemd journal of Murmur's unit) or docker:CONTAINER (a container's log)",
    }),
    browse,
    textField('Time zone of the log', `${prefix}.timezone`, source.timezone, (v) => (source.timezone = v), {
      list: 'time-zones',
      placeholder: 'this computer’s',
    }),
    numberField('Capacity', `${prefix}.capacity`, source.capacity, (v) => (source.capacity = v), 'users'),
    removeButton(draft.sources, index, actions),
  );
}

function discoveryResults(draft: SettingsDraft, found: DiscoveredServer[], actions: SectionActions): HTMLElement {
  if (found.length === 0) return notice('No Murmur configuration was found in the usual places.');
  return el(
    'ul',
    { className: 'discovered' },
    ...found.map((server) => {
      const logPath = server.logPath;
      const known = draft.sources.some((source) => source.path === logPath);
      const add =
        logPath !== null && server.problem === undefined && !known
          ? button('Add', () => {
              addSource(draft, logPath, server.capacity);
              actions.rerender();
            })
          : null;
      const detail = server.problem ?? (known ? 'already added' : logPath);
      return el('li', null, el('code', null, server.iniPath), ' ', el('span', { className: 'hint' }, detail ?? ''), ' ', add);
    }),
  );
}

export function sourcesSection(draft: SettingsDraft, actions: SectionActions): HTMLElement {
  const results = el('div', { attrs: { 'aria-live': 'polite' } });
  const find = button('Find Murmur on this computer', () => {
    results.textContent = 'Looking…';
    void actions.discover().then(
      (found) => results.replaceChildren(discoveryResults(draft, found, actions)),
      (error: Error) => (results.textContent = `Could not look: ${error.message}`),
    );
  });
  const add = button('Add a log file…', () => {
    void actions.pickLogFile().then((path) => {
      if (path === null) return;
      addSource(draft, path);
      actions.rerender();
    });
  });
  // Murmur in the foreground (Debian 13's unit, a container) writes no file: these start a row to complete.
  const addSpec = (label: string, spec: string): HTMLButtonElement =>
    button(label, () => {
      addSource(draft, spec);
      actions.rerender();
    });
  const rows = draft.sources.map((_, index) => sourceRow(draft, index, actions));
  const empty = rows.length === 0 ? notice('No source yet.') : null;
  return section(
    'Murmur logs',
    timeZoneList(),
    ...rows,
    empty,
    el('div', { className: 'row' }, add, addSpec('Add the systemd journal', 'journal:mumble-server'), addSpec('Add a Docker container', 'docker:mumble-server'), find),
    results,
  );
}

function remoteRow(draft: SettingsDraft, index: number, actions: SectionActions): HTMLElement {
  const remote = draft.remotes[index];
  if (remote === undefined) return el('div');
  const prefix = `remotes.${index}`;
  return el(
    'div',
    { className: 'source-row', attrs: { 'data-remote-index': String(index) } },
    textField('Name', `${prefix}.name`, remote.name, (v) => (remote.name = v), { maxlength: '40' }),
    textField('Address', `${prefix}.url`, remote.url, (v) => (remote.url = v), { class: 'path', placeholder: 'https://vps.example.org:8767/', inputmode: 'url' }),
    textField('Token', `${prefix}.token`, remote.token, (v) => (remote.token = v), { type: 'password', autocomplete: 'off' }),
    textField('Certificate fingerprint (SHA-256)', `${prefix}.fingerprint`, remote.fingerprint, (v) => (remote.fingerprint = v), {
      class: 'path',
      placeholder: 'only for a self-signed certificate',
      spellcheck: 'false',
    }),
    removeButton(draft.remotes, index, actions),
  );
}

export function remotesSection(draft: SettingsDraft, actions: SectionActions, tokenStorage: 'encrypted' | 'plain'): HTMLElement {
  const add = button('Add a remote server', () => {
    draft.remotes.push({ name: suggestSourceName('remote', [...draft.sources, ...draft.remotes].map((item) => item.name)), url: '', token: '', fingerprint: '' });
    actions.rerender();
  });
  const rows = draft.remotes.map((_, index) => remoteRow(draft, index, actions));
  const storage =
    tokenStorage === 'encrypted'
      ? 'Tokens are kept encrypted by this system’s keychain.'
      : 'This system offers no keychain: tokens are kept as plain text in the settings file, which only your user account can read.';
  return section(
    'Remote servers',
    el(
      'p',
      { className: 'hint' },
      'A Murmur server on another machine, through murmur-monitor serve running there: its address, its access token, and, for a self-signed certificate, the fingerprint serve printed at its start.',
    ),
    ...rows,
    rows.length > 0 ? el('p', { className: 'hint' }, storage) : null,
    el('div', { className: 'row' }, add),
  );
}

export function notificationsSection(draft: SettingsDraft): HTMLElement {
  const perSource = [...draft.sources, ...draft.remotes].map((source) =>
    checkbox(`Notify for ${source.name || 'this source'}`, 'notifications.mutedSources', !draft.mutedSources.includes(source.name), (on) => {
      draft.mutedSources = draft.mutedSources.filter((name) => name !== source.name);
      if (!on) draft.mutedSources.push(source.name);
    }),
  );
  const quiet = el(
    'div',
    { className: 'row' },
    checkbox('Quiet hours', 'notifications.quietHours', draft.quietEnabled, (on) => (draft.quietEnabled = on)),
    textField('Start', 'notifications.quietHours.start', draft.quietStart, (v) => (draft.quietStart = v), { type: 'time' }),
    textField('End', 'notifications.quietHours.end', draft.quietEnd, (v) => (draft.quietEnd = v), { type: 'time' }),
  );
  return section(
    'Notifications',
    checkbox('When someone joins', 'notifications.joins', draft.joins, (on) => (draft.joins = on)),
    checkbox('When someone leaves', 'notifications.leaves', draft.leaves, (on) => (draft.leaves = on)),
    checkbox('When Murmur crashes, restarts or stops', 'notifications.serverEvents', draft.serverEvents, (on) => (draft.serverEvents = on)),
    ...perSource,
    textArea('Only for these names', 'notifications.watchList', draft.watchList, (v) => (draft.watchList = v), 'One name per line; empty means everyone. Applies to joins and leaves.'),
    quiet,
  );
}

export function generalSection(draft: SettingsDraft): HTMLElement {
  return section(
    'Performance and storage',
    numberField('CPU sample every', 'perf.cpuIntervalSeconds', draft.cpuInterval, (v) => (draft.cpuInterval = v), 'seconds'),
    numberField('Network sample every', 'perf.netIntervalSeconds', draft.netInterval, (v) => (draft.netInterval = v), 'seconds'),
    textArea('Interface names', 'perf.aliases', draft.aliases, (v) => (draft.aliases = v), 'One per line, e.g. eth0=WAN.'),
    numberField('Keep detailed sessions for', 'retentionDays', draft.retentionDays, (v) => (draft.retentionDays = v), 'days'),
    checkbox('Keep client addresses (as long as detailed sessions)', 'keepAddresses', draft.keepAddresses, (on) => (draft.keepAddresses = on)),
    checkbox('Start at login', 'startAtLogin', draft.startAtLogin, (on) => (draft.startAtLogin = on)),
  );
}
