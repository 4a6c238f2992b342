// A row of toggle buttons (aria-pressed) that picks one value, such as a chart's range.
export function bindSegmented(group: HTMLElement, attribute: string, onPick: (value: string) => void): void {
  const buttons = [...group.querySelectorAll<HTMLButtonElement>(`button[data-${attribute}]`)];
  for (const button of buttons) {
    button.addEventListener('click', () => {
      for (const other of buttons) other.setAttribute('aria-pressed', String(other === button));
      onPick(button.dataset[attribute] ?? '');
    });
  }
}
