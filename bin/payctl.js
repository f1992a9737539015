#!/usr/bin/env node
// payctl, the operator CLI (client/cli/README.md). The project runs its TypeScript through tsx without a
// build step, so this launcher registers tsx's CommonJS hook and hands over to the real entry point.
'use strict';
require('tsx/cjs');
require('../client/cli/main.ts');
