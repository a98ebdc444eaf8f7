import assert from "node:assert/strict";
import { normalizeBaseUrl } from "../../../core/model/baseUrl";
import { DEFAULT_BASE_URL, InvalidInputError } from "../../../provider";

describe("normalizeBaseUrl", () => {
  it("defaults to Chatmaid's host", () => {
    assert.equal(normalizeBaseUrl(undefined), "https://developers-api.chatmaid.net");
    assert.equal(normalizeBaseUrl("  "), DEFAULT_BASE_URL);
  });

  for (const input of [
    "https://developers-api.chatmaid.net",
    "https://developers-api.chatmaid.net/",
    "https://developers-api.chatmaid.net/v1",
    "https://developers-api.chatmaid.net/v1/",
    "https://developers-api.chatmaid.net//v1//",
  ]) {
    it(`accepts ${input}`, () => assert.equal(normalizeBaseUrl(input), "https://developers-api.chatmaid.net"));
  }

  it("keeps a port and a path prefix", () => {
    assert.equal(normalizeBaseUrl("http://127.0.0.1:4010/v1"), "http://127.0.0.1:4010");
    assert.equal(normalizeBaseUrl("https://proxy.example/chatmaid/v1/"), "https://proxy.example/chatmaid");
  });

  for (const bad of ["not a url", "ftp://x", "https://user:pw@host", "https://host/?q=1", "https://host/#f"]) {
    it(`refuses ${bad}`, () =>
      assert.throws(
        () => normalizeBaseUrl(bad, "stack config chatmaid:baseUrl"),
        (e: unknown) => e instanceof InvalidInputError && /chatmaid:baseUrl/.test(e.message) && !/pw@/.test(e.message),
      ));
  }

  // Tokens end up in URLs: masked before anything is cut, whatever the length.
  for (const [name, bad, hidden] of [
    ["long credentials", `https://deploy-bot:${"p".repeat(70)}secretpw@host.example`, "secretpw"],
    ["a query token", "https://host.example/v1?token=hunter2-secret", "hunter2"],
    ["a fragment", "https://host.example/#access_token=hunter2-secret", "hunter2"],
    ["a key pasted as the URL", "sk_live_Zq8xR2mVt7LpW4nK9sJd", "Zq8xR2"],
    ["a key in the path of a non-URL", "developers-api.chatmaid.net/sk_test_Zq8xR2mVt7LpW4nK9sJd", "Zq8xR2"],
  ] as const) {
    it(`does not repeat ${name}`, () =>
      assert.throws(
        () => normalizeBaseUrl(bad, "the CHATMAID_BASE_URL environment variable"),
        (e: unknown) =>
          e instanceof InvalidInputError && /CHATMAID_BASE_URL/.test(e.message) && !e.message.includes(hidden),
      ));
  }
});
