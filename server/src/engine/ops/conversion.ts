// placeholder
import type { OpDefs } from './def';

export const defs: OpDefs = {};
