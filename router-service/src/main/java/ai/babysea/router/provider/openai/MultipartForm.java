package ai.babysea.router.provider.openai;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** A multipart/form-data body (RFC 7578) built in memory: text fields and file parts, in order. */
final class MultipartForm {
    private final String boundary = "babysea-" + UUID.randomUUID();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** Adds a text field. */
    MultipartForm field(String name, String value) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    /** Adds a file part. */
    MultipartForm file(String name, String fileName, String contentType, byte[] content) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        body.writeBytes(content);
        write("\r\n");
        return this;
    }

    /** The Content-Type header value, with the boundary. */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The finished body. */
    byte[] toByteArray() {
        ByteArrayOutputStream finished = new ByteArrayOutputStream(body.size() + boundary.length() + 8);
        finished.writeBytes(body.toByteArray());
        finished.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return finished.toByteArray();
    }

    private void write(String text) {
        body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
