// A scrolling box must be reachable from the keyboard, or its hidden rows and columns are out of
// reach without a mouse (WCAG 2.1.1). While its content overflows it becomes a named, focusable
// region (arrow keys scroll it); otherwise it is a plain box and adds no stop to the tab order and
// no landmark for a screen reader.
export function scrollRegion(node: HTMLElement, label: string): { update(label: string): void; destroy(): void } {
  let name = label;
  const update = () => {
    const overflows = node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1;
    if (overflows) {
      node.setAttribute('tabindex', '0');
      node.setAttribute('role', 'region');
      node.setAttribute('aria-label', `${name} (scrolls)`);
    } else {
      for (const attribute of ['tabindex', 'role', 'aria-label']) node.removeAttribute(attribute);
    }
  };
  const observer = new ResizeObserver(update);
  observer.observe(node);
  for (const child of node.children) observer.observe(child);
  update();
  return {
    update(next: string) {
      name = next;
      update();
    },
    destroy: () => observer.disconnect(),
  };
}
