/** Fuzz: hostile input to every endpoint, on SQLite (the suite: fuzz-suite.ts). */
import { fuzzEveryEndpoint } from './fuzz-suite';

fuzzEveryEndpoint('sqlite');
