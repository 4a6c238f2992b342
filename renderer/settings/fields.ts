// Small form controls bound to the draft: each writes its value back on input. Labels and hints are text.
import { el } from '../dom.js';

export function textField(
  label: string,
  field: string,
  value: string,
  onInput: (value: string) => void,
  attrs: Record<string, string> = {},
): HTMLLabelElement {
  const input = el('input', { attrs: { type: 'text', 'data-field': field, ...attrs } });
  input.value = value;
  input.addEventListener('input', () => onInput(input.value));
  return el('label', { className: 'field' }, el('span', null, label), input);
}

export function numberField(label: string, field: string, value: string, onInput: (value: string) => void, unit: string): HTMLLabelElement {
  const input = el('input', { attrs: { type: 'number', 'data-field': field, min: '1', step: '1', inputmode: 'numeric' } });
  input.value = value;
  input.addEventListener('input', () => onInput(input.value));
  return el('label', { className: 'field' }, el('span', null, label), input, el('span', { className: 'unit' }, unit));
}

export function checkbox(label: string, field: string, checked: boolean, onChange: (checked: boolean) => void): HTMLLabelElement {
  const input = el('input', { attrs: { type: 'checkbox', 'data-field': field } });
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  return el('label', { className: 'check' }, input, el('span', null, label));
}

export function textArea(label: string, field: string, value: string, onInput: (value: string) => void, hint: string): HTMLLabelElement {
  const area = el('textarea', { attrs: { 'data-field': field, rows: '3', spellcheck: 'false' } });
  area.value = value;
  area.addEventListener('input', () => onInput(area.value));
  return el('label', { className: 'field' }, el('span', null, label), area, el('small', { className: 'hint' }, hint));
}

export function button(label: string, onClick: () => void, className = ''): HTMLButtonElement {
  const node = el('button', { className, attrs: { type: 'button' } }, label);
  node.addEventListener('click', onClick);
  return node;
}

export function section(title: string, ...children: Array<Node | null>): HTMLFieldSetElement {
  return el('fieldset', { className: 'settings-section' }, el('legend', null, title), ...children);
}
