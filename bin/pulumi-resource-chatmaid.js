#!/usr/bin/env node
// The chatmaid provider plugin, as the Pulumi engine finds it on PATH or in a
// plugin folder. Kept outside dist/ so npm can link the bin before the build has run.
require("../dist/provider/plugin/main.js");
