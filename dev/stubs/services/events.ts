import type { StubModule } from "../context.js";

// Placeholder until this service's stub is written (issue 2); it registers no routes yet.
export const eventsStub: StubModule = () => {};
