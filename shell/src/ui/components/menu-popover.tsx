import { For, createSignal, type Component, type JSX } from 'solid-js';

export interface MenuItem {
  label: string;
  select: () => void;
  disabled?: boolean;
  tone?: 'danger';
}

/**
 * A button that opens a small menu (role=menu). Arrow keys move between items, Escape closes and
 * returns focus to the button. Items are computed when opened, so a long board costs nothing.
 */
export const MenuPopover: Component<{
  label: string;
  buttonClass?: string;
  buttonContent: JSX.Element;
  items: () => MenuItem[];
  heading?: string;
}> = (props) => {
  const [open, setOpen] = createSignal(false);
  let button: HTMLButtonElement | undefined;
  let menu: HTMLDivElement | undefined;
  const close = (refocus: boolean): void => {
    setOpen(false);
    if (refocus) button?.focus();
  };
  const focusItem = (offset: number): void => {
    const items = [...(menu?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [])];
    if (items.length === 0) return;
    const current = items.indexOf(document.activeElement as HTMLButtonElement);
    items[(current + offset + items.length) % items.length]?.focus();
  };
  return (
    <div class="menu-anchor">
      <button
        ref={button}
        type="button"
        class={props.buttonClass ?? 'icon-button'}
        aria-label={props.label}
        aria-haspopup="menu"
        aria-expanded={open()}
        onPointerDown={(event) => event.stopPropagation()}
        onClick={(event) => {
          event.stopPropagation();
          setOpen(!open());
          if (open()) queueMicrotask(() => focusItem(1));
        }}
        onKeyDown={(event) => event.stopPropagation()}
      >
        {props.buttonContent}
      </button>
      {open() ? (
        <div
          ref={menu}
          class="menu"
          role="menu"
          aria-label={props.label}
          onPointerDown={(event) => event.stopPropagation()}
          onClick={(event) => event.stopPropagation()}
          onFocusOut={(event) => {
            const next = event.relatedTarget as Node | null;
            if (!next || !(event.currentTarget as HTMLElement).parentElement?.contains(next)) close(false);
          }}
          onKeyDown={(event) => {
            event.stopPropagation();
            if (event.key === 'Escape') {
              event.preventDefault();
              close(true);
            } else if (event.key === 'ArrowDown') {
              event.preventDefault();
              focusItem(1);
            } else if (event.key === 'ArrowUp') {
              event.preventDefault();
              focusItem(-1);
            }
          }}
        >
          {props.heading ? <div class="menu-heading">{props.heading}</div> : null}
          <For each={props.items()}>
            {(item) => (
              <button
                type="button"
                role="menuitem"
                class="menu-item"
                data-tone={item.tone}
                disabled={item.disabled}
                onClick={() => {
                  close(true);
                  item.select();
                }}
              >
                {item.label}
              </button>
            )}
          </For>
        </div>
      ) : null}
    </div>
  );
};
