/// <reference types="vite/client" />

/** The package version, set by Vite (`define` in vite.config.ts); sent with every sync request. */
declare const __APP_VERSION__: string;
