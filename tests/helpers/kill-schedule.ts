// Seeded randomness for the kill tests (issue #13: "kill -9 at random moments"): every random
// choice comes from one seed, printed by the test, so a failing schedule replays with
// CCSYNC_KILL_SEED=<seed>. CCSYNC_KILLS sets how many kills a transport gets (CI: the default).

/** mulberry32: a small, fast PRNG with a 32-bit state; numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface KillSchedule {
  seed: number;
  kills: number;
  random: () => number;
}

/** The seed from CCSYNC_KILL_SEED or a fresh one; the count from CCSYNC_KILLS or `ciKills`. */
export function killSchedule(ciKills: number): KillSchedule {
  const fromEnv = Number(process.env['CCSYNC_KILL_SEED']);
  const seed = Number.isSafeInteger(fromEnv) && process.env['CCSYNC_KILL_SEED'] !== '' ? fromEnv : Math.floor(Math.random() * 2 ** 31);
  const wanted = Number(process.env['CCSYNC_KILLS']);
  const kills = Number.isSafeInteger(wanted) && wanted > 0 ? wanted : ciKills;
  return { seed, kills, random: seededRandom(seed) };
}
