// The registry import's reading thread (staging-reader.ts): TypeScript through tsx, like the CLI (bin/titian.mjs).
import { register } from 'tsx/esm/api';

register();
await import('./staging-worker-main.ts');
