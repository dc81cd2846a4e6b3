#!/usr/bin/env node
// The `a2a` executable. It lives outside dist/ so package managers can link it before the
// first build; the program itself is dist/main.js.
import "../dist/main.js";
