package org.cityhealth.hub.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferSyntaxesTest {

    private static final String EXPLICIT_LE = "1.2.840.10008.1.2.1";
    private static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    @Test
    void readsTheTransferSyntaxesOfDicomRanges() {
        assertThat(TransferSyntaxes.requested("multipart/related; type=\"application/dicom\"; transfer-syntax=" + EXPLICIT_LE))
                .contains(Set.of(EXPLICIT_LE));
        assertThat(TransferSyntaxes.requested("multipart/related; type=\"application/dicom\"; transfer-syntax=" + JPEG_BASELINE
                + ", multipart/related; type=\"application/dicom\"; transfer-syntax=" + EXPLICIT_LE + ";q=0.5"))
                .contains(Set.of(JPEG_BASELINE, EXPLICIT_LE));
        assertThat(TransferSyntaxes.requested("application/dicom; transfer-syntax=" + JPEG_BASELINE)).contains(Set.of(JPEG_BASELINE));
    }

    @Test
    void anyWillDoWithoutTheParameterWithAStarOrAWildcard() {
        assertThat(TransferSyntaxes.requested(null)).isEmpty();
        assertThat(TransferSyntaxes.requested("multipart/related; type=\"application/dicom\"")).isEmpty();
        assertThat(TransferSyntaxes.requested("multipart/related; type=\"application/dicom\"; transfer-syntax=*")).isEmpty();
        assertThat(TransferSyntaxes.requested("multipart/related; type=\"application/dicom\"; transfer-syntax=" + JPEG_BASELINE + ", */*"))
                .isEmpty();
        assertThat(TransferSyntaxes.requested("multipart/related; type=\"application/octet-stream\"")).isEmpty();
    }

    @Test
    void aHeaderThatIsNoListOfMediaRangesIsRefused() {
        assertThatThrownBy(() -> TransferSyntaxes.requested("dicom please")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Accept");
    }
}
