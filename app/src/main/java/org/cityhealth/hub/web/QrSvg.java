package org.cityhealth.hub.web;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as inline SVG: one rectangle per run of dark modules in a row, one unit per module. The page needs no image
 * file (nothing that could be cached or fetched again) and no script, and the code scales sharply to any size.
 */
final class QrSvg {

    /** White modules around the code: the four the QR standard asks for, so phone cameras find its edges. */
    private static final int QUIET_ZONE = 4;

    private QrSvg() {
    }

    /** The SVG element for {@code text}; only the modules are written, never the text, so the markup is safe to inline. */
    static String of(String text) {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, QUIET_ZONE, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
        } catch (WriterException e) {
            throw new IllegalStateException("cannot encode a QR code of " + text.length() + " characters", e);
        }
        int width = matrix.getWidth();
        int height = matrix.getHeight();
        StringBuilder svg = new StringBuilder(8192)
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" shape-rendering=\"crispEdges\" aria-hidden=\"true\" focusable=\"false\">")
                .append("<rect width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#fff\"/>")
                .append("<g fill=\"#0f172a\">");
        for (int y = 0; y < height; y++) {
            int x = 0;
            while (x < width) {
                if (!matrix.get(x, y)) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < width && matrix.get(x, y)) {
                    x++;
                }
                svg.append("<rect x=\"").append(start).append("\" y=\"").append(y).append("\" width=\"").append(x - start)
                        .append("\" height=\"1\"/>");
            }
        }
        return svg.append("</g></svg>").toString();
    }
}
