import type { LayerSpec } from '../spec';

export const specs: LayerSpec[] = [];
