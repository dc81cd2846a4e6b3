// Browser entry for the rendering tests: puts the console's renderers where page.evaluate sees
// them, so they run against a real DOM.
import { renderCard } from "../../src/browser/card-view.js";
import { renderArtifact, renderMessage } from "../../src/browser/message-view.js";
import { renderParts } from "../../src/browser/parts-view.js";

Object.assign(globalThis, {
  consoleRender: { renderCard, renderArtifact, renderMessage, renderParts },
});
