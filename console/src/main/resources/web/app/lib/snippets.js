// "Copy as curl / TypeScript SDK / Java" of the exact request the playground sends. The key is never put into a
// snippet (a clipboard is not a safe place for it): each one reads BABYSEA_API_KEY from the environment.

function shellQuote(text) {
  return `'${String(text).replaceAll("'", `'"'"'`)}'`;
}

function javaString(text) {
  return `"${String(text).replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t')}"`;
}

/** `request`: `{baseUrl, mediaType, model, body, idempotencyKey}`. */
export function curl({ baseUrl, mediaType, model, body, idempotencyKey }) {
  return [
    `curl -s -X POST ${shellQuote(`${baseUrl}/v1/generate/${mediaType}/${model}`)} \\`,
    `  -H "Authorization: Bearer $BABYSEA_API_KEY" \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H ${shellQuote(`Idempotency-Key: ${idempotencyKey}`)} \\`,
    `  -d ${shellQuote(JSON.stringify(body))}`,
  ].join('\n');
}

export function typescript({ baseUrl, model, body, idempotencyKey }) {
  return [
    `import { BabySea } from 'babysea';`,
    ``,
    `const client = new BabySea({ apiKey: process.env.BABYSEA_API_KEY!, baseUrl: ${JSON.stringify(`${baseUrl}/v1`)} });`,
    `const generation = await client.generate(${JSON.stringify(model)}, ${JSON.stringify(body, null, 2)}, {`,
    `  idempotencyKey: ${JSON.stringify(idempotencyKey)},`,
    `});`,
    `console.log(generation.data.generation_id);`,
  ].join('\n');
}

export function java({ baseUrl, mediaType, model, body, idempotencyKey }) {
  return [
    `import java.net.URI;`,
    `import java.net.http.HttpClient;`,
    `import java.net.http.HttpRequest;`,
    `import java.net.http.HttpResponse;`,
    ``,
    `HttpRequest request = HttpRequest.newBuilder(URI.create(${javaString(`${baseUrl}/v1/generate/${mediaType}/${model}`)}))`,
    `        .header("Authorization", "Bearer " + System.getenv("BABYSEA_API_KEY"))`,
    `        .header("Content-Type", "application/json")`,
    `        .header("Idempotency-Key", ${javaString(idempotencyKey)})`,
    `        .POST(HttpRequest.BodyPublishers.ofString(${javaString(JSON.stringify(body))}))`,
    `        .build();`,
    `HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());`,
    `System.out.println(response.body());`,
  ].join('\n');
}
