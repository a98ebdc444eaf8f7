import assert from "node:assert/strict";
import { DEFAULT_BASE_URL, InvalidInputError, normalizeBaseUrl } from "../../provider";

describe("normalizeBaseUrl", () => {
  it("defaults to Chatmaid's host", () => {
    assert.equal(normalizeBaseUrl(undefined), "https://developers-api.chatmaid.net");
    assert.equal(normalizeBaseUrl("  "), DEFAULT_BASE_URL);
  });

  for (const input of ["https://developers-api.chatmaid.net", "https://developers-api.chatmaid.net/", "https://developers-api.chatmaid.net/v1", "https://developers-api.chatmaid.net/v1/", "https://developers-api.chatmaid.net//v1//"]) {
    it(`accepts ${input}`, () => assert.equal(normalizeBaseUrl(input), "https://developers-api.chatmaid.net"));
  }

  it("keeps a port and a path prefix", () => {
    assert.equal(normalizeBaseUrl("http://127.0.0.1:4010/v1"), "http://127.0.0.1:4010");
    assert.equal(normalizeBaseUrl("https://proxy.example/chatmaid/v1/"), "https://proxy.example/chatmaid");
  });

  for (const bad of ["not a url", "ftp://x", "https://user:pw@host", "https://host/?q=1", "https://host/#f"]) {
    it(`refuses ${bad}`, () => assert.throws(() => normalizeBaseUrl(bad, "stack config chatmaid:baseUrl"), (e: unknown) => e instanceof InvalidInputError && /chatmaid:baseUrl/.test(e.message) && !/pw@/.test(e.message)));
  }
});
