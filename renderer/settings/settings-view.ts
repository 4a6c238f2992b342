// The settings view in the dashboard window: logs, remote servers, notifications, perf and storage, with the first-run
// prompt. Built with createElement/text nodes only; every check is repeated by main on save.
import type { SettingsApi, SettingsError, SettingsState } from '../../main/contract.js';
import { el } from '../dom.js';
import { errorTarget, fromDraft, toDraft, type SettingsDraft } from './draft.js';
import { button } from './fields.js';
import { generalSection, notificationsSection, remotesSection, sourcesSection } from './sections.js';

function firstRunPrompt(state: SettingsState, settings: SettingsApi, status: HTMLElement): HTMLElement | null {
  if (state.demoRunning) {
    return el('p', { className: 'prompt' }, 'You are looking at the demo: a sample log that keeps growing. Add a real Murmur log below to replace it.');
  }
  if (!state.firstRun) return null;
  const demo = button('Try the demo', () => {
    status.textContent = 'Starting the demo…';
    void settings.startDemo().then(
      () => (status.textContent = 'The demo is running: open the dashboard to see it.'),
      (error: Error) => (status.textContent = `The demo could not start: ${error.message}`),
    );
  }, 'primary');
  return el(
    'div',
    { className: 'prompt', attrs: { role: 'status' } },
    el('h3', null, 'No Murmur server found'),
    el(
      'p',
      null,
      'Murmur Monitor reads the log of your Mumble server. None was found in the usual places on this computer. ' +
        'Add it below: a log file (the logfile= line of murmur.ini or mumble-server.ini), the systemd journal ' +
        'when systemd runs Murmur in the foreground, or a Docker container; or try the demo.',
    ),
    demo,
  );
}

function showErrors(form: HTMLElement, errors: SettingsError[], summary: HTMLElement): void {
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  for (const invalid of form.querySelectorAll('[aria-invalid]')) invalid.removeAttribute('aria-invalid');
  const inputs = [...form.querySelectorAll<HTMLElement>('[data-field]')];
  const known = inputs.map((input) => input.dataset.field ?? '');
  const unplaced: string[] = [];
  for (const error of errors) {
    const target = errorTarget(error.field, known);
    const input = inputs.find((node) => node.dataset.field === target);
    if (!input) {
      unplaced.push(`${error.field}: ${error.message}`);
      continue;
    }
    input.setAttribute('aria-invalid', 'true');
    input.closest('label')?.after(el('p', { className: 'field-error' }, error.message));
  }
  summary.replaceChildren(
    ...(errors.length === 0 ? [] : [el('p', null, `Not saved: ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix.`)]),
    ...unplaced.map((text) => el('p', null, text)),
  );
}

export function mountSettings(root: HTMLElement, settings: SettingsApi): void {
  let state: SettingsState | null = null;
  let draft: SettingsDraft | null = null;
  const status = el('p', { className: 'status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const summary = el('div', { className: 'error-summary', attrs: { role: 'alert' } });

  const render = () => {
    if (state === null || draft === null) return;
    const current = draft;
    const actions = { rerender: render, pickLogFile: () => settings.pickLogFile(), discover: () => settings.discover() };
    const save = button('Save', () => void submit(current), 'primary');
    const form = el(
      'form',
      { className: 'settings-form', attrs: { novalidate: '' } },
      sourcesSection(current, actions),
      remotesSection(current, actions, state.tokenStorage),
      notificationsSection(current),
      generalSection(current),
      summary,
      el('div', { className: 'row' }, save, status),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submit(current);
    });
    root.replaceChildren(el('h2', null, 'Settings'), firstRunPrompt(state, settings, status) ?? '', form);
  };

  const submit = async (current: SettingsDraft) => {
    const form = root.querySelector('form');
    if (!form) return;
    const { value, errors } = fromDraft(current);
    if (errors.length > 0) return showErrors(form, errors, summary);
    status.textContent = 'Saving…';
    try {
      const result = await settings.save(value);
      if (result.ok) {
        draft = toDraft(result.settings);
        render();
      }
      showErrors(root.querySelector('form') ?? form, result.ok ? [] : result.errors, summary);
      status.textContent = result.ok ? 'Saved and applied.' : '';
    } catch (error) {
      status.textContent = `Could not save: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  const load = (next: SettingsState, replaceDraft: boolean) => {
    state = next;
    if (replaceDraft || draft === null) draft = toDraft(next.settings);
    render();
  };

  // Another save (or the demo starting) changed the settings: show them unless the user is mid-edit.
  settings.onChanged((next) => load(next, !root.contains(document.activeElement)));
  void settings.get().then(
    (next) => load(next, true),
    (error: Error) => root.replaceChildren(el('p', { className: 'load-error' }, `Could not load the settings: ${error.message}`)),
  );
}
