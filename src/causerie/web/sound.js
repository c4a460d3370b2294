// An optional short tone when a private message or request arrives while
// the page is hidden. Off unless the person turns it on (account page); kept
// on this device. Made with Web Audio: no sound file to download.

const KEY = "causerie.sound";

export function soundOn() {
  try {
    return localStorage.getItem(KEY) === "on";
  } catch {
    return false;
  }
}

export function setSound(on) {
  try {
    if (on) localStorage.setItem(KEY, "on");
    else localStorage.removeItem(KEY);
  } catch {
    /* private mode: stays off */
  }
  if (on) chime(); // the person hears what they turned on
}

let context = null;

/** Two soft notes, 0.25 s. Does nothing when sound is off or unsupported. */
export function chime() {
  if (!soundOn() || typeof AudioContext !== "function") return;
  context = context || new AudioContext();
  const now = context.currentTime;
  for (const [i, freq] of [660, 880].entries()) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, now + i * 0.12);
    gain.gain.exponentialRampToValueAtTime(0.15, now + i * 0.12 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.12);
    osc.connect(gain).connect(context.destination);
    osc.start(now + i * 0.12);
    osc.stop(now + i * 0.12 + 0.13);
  }
}
