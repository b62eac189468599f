package ai.babysea.router.simulator;

import ai.babysea.router.provider.ProviderOutput;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.imageio.ImageIO;

/** Small but valid media files the simulator returns (encoded once; outputs are copies of these). */
final class SampleMedia {
    private static final byte[] PNG = encode("png");
    private static final byte[] JPEG = encode("jpg");
    /** A 1x1 lossless WebP (ImageIO cannot write WebP). */
    private static final byte[] WEBP = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    private static final byte[] MP4 = mp4Container();

    private SampleMedia() {
    }

    static ProviderOutput image(String format) {
        if ("jpg".equals(format) || "jpeg".equals(format)) {
            return ProviderOutput.inline(JPEG.clone(), "image/jpeg", "jpg");
        }
        if ("webp".equals(format)) {
            return ProviderOutput.inline(WEBP.clone(), "image/webp", "webp");
        }
        return ProviderOutput.inline(PNG.clone(), "image/png", "png");
    }

    static ProviderOutput mp4() {
        return ProviderOutput.inline(MP4.clone(), "video/mp4", "mp4");
    }

    private static byte[] encode(String format) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                image.setRGB(x, y, new Color(x * 16, y * 16, 200).getRGB());
            }
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An ISO-BMFF container with an `ftyp` (isom/mp41) and an empty `mdat` box: recognised as MP4 by
     * type sniffers, but it holds no frames. Enough for the offline pipeline, not a playable clip.
     */
    private static byte[] mp4Container() {
        ByteBuffer buffer = ByteBuffer.allocate(32 + 8);
        buffer.putInt(32).put("ftyp".getBytes(StandardCharsets.US_ASCII)).put("isom".getBytes(StandardCharsets.US_ASCII))
                .putInt(0x200).put("isom".getBytes(StandardCharsets.US_ASCII)).put("iso2".getBytes(StandardCharsets.US_ASCII))
                .put("mp41".getBytes(StandardCharsets.US_ASCII)).put("avc1".getBytes(StandardCharsets.US_ASCII));
        buffer.putInt(8).put("mdat".getBytes(StandardCharsets.US_ASCII));
        return buffer.array();
    }
}
