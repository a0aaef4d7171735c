import { useLayoutEffect, useRef } from 'react';

/**
 * A button that starts something and is gone once it has finished (a "Simulate"
 * button replaced by the results): if it had keyboard focus, focus moves to
 * the element that replaced it (give that element tabIndex={-1}) rather
 * than dropping to the page.
 */
export function useFocusHandOff<From extends HTMLElement, To extends HTMLElement>(done: boolean) {
  const from = useRef<From>(null);
  const to = useRef<To>(null);
  const hadFocus = useRef(false);
  // A layout effect: focus moves as soon as the DOM has changed, before the browser handles the next key press.
  useLayoutEffect(() => {
    if (!done) hadFocus.current = from.current !== null && document.activeElement === from.current;
    else if (hadFocus.current) {
      hadFocus.current = false;
      to.current?.focus();
    }
  });
  return { from, to };
}
