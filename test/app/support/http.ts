import { HttpResponse, type HttpResponseInit } from "@azure/functions";

/** Reads a handler's result the way the host would send it (status, headers, body). */
export async function responseOf(result: HttpResponseInit | HttpResponse | void): Promise<HttpResponse> {
  if (!result) throw new Error("handler returned nothing");
  return result instanceof HttpResponse ? result : new HttpResponse(result);
}
