import { loadSip } from './sip-package';

// Imported first by the CLI: the sip package must be loaded with the configured T1 (and its IPv6
// patches) before any module imports it. A bad IM_T1_MS is left to the configuration check, which names it.
const t1 = Number(process.env.IM_T1_MS ?? '500');
loadSip(Number.isInteger(t1) && t1 >= 1 ? t1 : 500);
