export {};
export * from './git-fixtures.js';
export * from './scripted-model-server/index.js';
export * from './demo-scenario.js';
export * from './secret-scan.js';
export * from './scripted-github-server.js';
export * from './acp/index.js';
