import { describe, expect, it } from "vitest";
import { invocationTraceContext } from "../../dev/host/trace-context.js";

const w3c = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

describe("invocation trace context", () => {
  it("continues the caller's trace with a span of its own", () => {
    const incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const { traceParent } = invocationTraceContext(incoming);
    expect(traceParent).toMatch(w3c);
    expect(traceParent?.slice(3, 35)).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(traceParent?.slice(36, 52)).not.toBe("00f067aa0ba902b7");
  });

  it.each([undefined, "", "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"])(
    "starts a new trace when the incoming one is %j",
    (incoming) => {
      const first = invocationTraceContext(incoming).traceParent;
      const second = invocationTraceContext(incoming).traceParent;
      expect(first).toMatch(w3c);
      expect(first?.slice(3, 35)).not.toBe(second?.slice(3, 35));
      expect(first?.slice(3, 35)).not.toMatch(/^0+$/);
    },
  );
});
