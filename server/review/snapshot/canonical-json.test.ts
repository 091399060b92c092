import { describe, expect, it } from "vitest";
import { canonicalJson, sha256Hex } from "./canonical-json";

describe("canonicalJson", () => {
  it("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });
  it("gives the same text for the same data built in another key order", () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: "é" })).toBe(canonicalJson({ z: "é", y: [1, 2], x: 1 }));
  });
  it("writes -0 as 0 and refuses NaN and Infinity with the path", () => {
    expect(canonicalJson([-0])).toBe("[0]");
    expect(() => canonicalJson({ a: [1, NaN] })).toThrow(/\$\.a\[1\]/);
    expect(() => canonicalJson({ a: Infinity })).toThrow(/Infinity/);
  });
  it("hashes UTF-8 bytes (known SHA-256 vector)", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
