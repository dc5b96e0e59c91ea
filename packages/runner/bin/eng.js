#!/usr/bin/env node
// The `eng` bin. A file of its own (not dist/cli.js itself) so that a package manager links it before dist/ is built,
// as pnpm does in this workspace's fresh clone.
import { runCli } from '../dist/cli.js';

await runCli();
