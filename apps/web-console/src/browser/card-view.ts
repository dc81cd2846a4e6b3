import type { AgentCard, AgentInterface } from "@a2akit/types";
import { h } from "./dom.js";
import { safeLinkUrl } from "./format.js";

/** Renders the agent card; `onExample` receives a skill example the user clicked. */
export function renderCard(
  card: AgentCard,
  chosen: AgentInterface,
  onExample: (text: string) => void,
): HTMLElement {
  const caps = card.capabilities;
  const icon = card.iconUrl ? safeLinkUrl(card.iconUrl) : undefined;
  const providerUrl = card.provider ? safeLinkUrl(card.provider.url) : undefined;
  return h(
    "div",
    { class: "card-body" },
    h(
      "header",
      { class: "card-head" },
      icon
        ? h("img", { class: "card-icon", src: icon, alt: "", referrerpolicy: "no-referrer" })
        : null,
      h("h2", { id: "agent-name" }, card.name),
      h("span", { class: "muted" }, `v${card.version}`),
    ),
    h("p", { id: "agent-description" }, card.description),
    card.provider &&
      h(
        "p",
        { class: "muted" },
        "By ",
        providerUrl
          ? h(
              "a",
              { href: providerUrl, rel: "noopener noreferrer", target: "_blank" },
              card.provider.organization,
            )
          : card.provider.organization,
      ),
    h("h3", {}, "Capabilities"),
    h(
      "ul",
      { class: "chips", "aria-label": "Capabilities" },
      flag("streaming", caps.streaming),
      flag("push notifications", caps.pushNotifications),
      flag("extended card", caps.extendedAgentCard),
      (caps.extensions ?? []).map((e) =>
        h("li", { class: "chip on", title: e.description ?? "" }, e.uri ?? "extension"),
      ),
    ),
    h("h3", {}, "Interfaces"),
    h(
      "ul",
      { class: "interfaces" },
      card.supportedInterfaces.map((i) =>
        h(
          "li",
          { class: i === chosen ? "chosen" : "" },
          h("strong", {}, `${i.protocolBinding} ${i.protocolVersion}`),
          " ",
          h("code", {}, i.url),
          i.tenant ? ` (tenant ${i.tenant})` : "",
          i === chosen ? h("span", { class: "muted" }, " — in use") : "",
        ),
      ),
    ),
    h("h3", {}, "Skills"),
    card.skills.length === 0
      ? h("p", { class: "muted" }, "The card lists no skills.")
      : h(
          "ul",
          { class: "skills", id: "skills" },
          card.skills.map((skill) =>
            h(
              "li",
              { class: "skill", "data-skill": skill.id },
              h("h4", {}, skill.name),
              h("p", {}, skill.description),
              skill.tags.length > 0 &&
                h(
                  "p",
                  { class: "tags" },
                  skill.tags.map((t) => h("span", { class: "tag" }, t)),
                ),
              (skill.examples ?? []).length > 0 &&
                h(
                  "div",
                  { class: "examples" },
                  (skill.examples ?? []).map((example) =>
                    h(
                      "button",
                      {
                        type: "button",
                        class: "example",
                        title: "Put this example in the message box",
                        onclick: () => onExample(example),
                      },
                      example,
                    ),
                  ),
                ),
            ),
          ),
        ),
  );
}

function flag(name: string, on: boolean | undefined): HTMLElement {
  return h("li", { class: on ? "chip on" : "chip off" }, `${on ? "✓" : "✗"} ${name}`);
}
