#!/usr/bin/env node
// Kept outside dist/ so npm can link the bin before the build has run.
require("../dist/emulator/cli.js");
