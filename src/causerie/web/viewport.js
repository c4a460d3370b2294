// The visible height of the page, kept in the CSS variable --vvh. When a
// phone's keyboard opens, most browsers shrink only the *visual* viewport:
// 100dvh still counts the hidden part and the composer falls under the
// keyboard. The room screen sizes itself from --vvh instead.

export function trackVisualViewport(win = window, root = document.documentElement) {
  const vv = win.visualViewport;
  if (!vv) return () => {};
  const update = () => {
    root.style.setProperty("--vvh", `${Math.round(vv.height)}px`);
    // A keyboard takes well over 120 px: while it is up, the room screen
    // gives the top bar's height to the conversation.
    root.classList.toggle("keyboard-open", win.innerHeight - vv.height > 120);
  };
  update();
  vv.addEventListener("resize", update);
  return () => vv.removeEventListener("resize", update);
}
