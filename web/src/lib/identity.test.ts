import { describe, expect, it } from "vitest";
import { PHONE_PATTERN, validIdentityNumber, validUscc } from "./identity";

// The same numbers intake's own rules accept and refuse (intake/domain/submission.py).
describe("who is asking, checked as the clerk types", () => {
  it("accepts a credit code whose check character fits, and nothing else", () => {
    expect(validUscc("91350100M000100Y43")).toBe(true);
    expect(validUscc("91350100M000100Y44")).toBe(false);
    expect(validUscc("91430100MA4L16JQ9B")).toBe(false);
    expect(validUscc("91350100m000100y43")).toBe(false);
    expect(validUscc("91350100M000100Y4")).toBe(false);
  });
  it("accepts an identity number with a real birth date and the right check character", () => {
    expect(validIdentityNumber("11010519491231002X")).toBe(true);
    expect(validIdentityNumber("11010519491231002x")).toBe(true);
    expect(validIdentityNumber("110105194912310021")).toBe(false);
    expect(validIdentityNumber("430104199003078515")).toBe(false);
    expect(validIdentityNumber("11010519490231002X")).toBe(false);
    expect(validIdentityNumber("11010518991231002X")).toBe(false);
    expect(validIdentityNumber("1101051949123100")).toBe(false);
  });
  it("takes the phone lines the API takes", () => {
    expect(PHONE_PATTERN.test("13800138000")).toBe(true);
    expect(PHONE_PATTERN.test("+86-731-88888888")).toBe(true);
    expect(PHONE_PATTERN.test("12345")).toBe(false);
    expect(PHONE_PATTERN.test("phone")).toBe(false);
  });
});
