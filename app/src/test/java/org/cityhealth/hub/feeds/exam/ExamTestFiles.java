package org.cityhealth.hub.feeds.exam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;

/** Exam files written by the tests: an Excel workbook with POI, a Chinese PDF with PDFBox. */
final class ExamTestFiles {

    private ExamTestFiles() {
    }

    /**
     * The bytes of {@code empty} (an {@code XSSFWorkbook} for .xlsx, an {@code HSSFWorkbook} for .xls) with a title row above
     * the header (as centres export), the given sheet name and rows; numbers stay numbers.
     */
    static byte[] workbook(Workbook empty, String sheetName, String title, List<List<Object>> rows) throws IOException {
        try (Workbook workbook = empty; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.createSheet("说明");
            Sheet sheet = workbook.createSheet(sheetName);
            sheet.createRow(0).createCell(0).setCellValue(title);
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    Object value = rows.get(r).get(c);
                    if (value instanceof Number number) {
                        row.createCell(c).setCellValue(number.doubleValue());
                    } else {
                        row.createCell(c).setCellValue(String.valueOf(value));
                    }
                }
            }
            workbook.write(out);
            return out.toByteArray();
        }
    }

    /**
     * A PDF of Chinese lines in the predefined STSong-Light font (Adobe-GB1, not embedded), as {@code web/RecordPdf}
     * writes them: UTF-16 code units through the predefined CMap UniGB-UCS2-H. With an owner password when given.
     */
    static byte[] pdf(List<String> lines, String ownerPassword) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            COSDictionary cidFont = new COSDictionary();
            cidFont.setItem(COSName.TYPE, COSName.FONT);
            cidFont.setItem(COSName.SUBTYPE, COSName.CID_FONT_TYPE0);
            cidFont.setItem(COSName.BASE_FONT, COSName.getPDFName("STSong-Light"));
            COSDictionary systemInfo = new COSDictionary();
            systemInfo.setString(COSName.REGISTRY, "Adobe");
            systemInfo.setString(COSName.ORDERING, "GB1");
            systemInfo.setInt(COSName.SUPPLEMENT, 4);
            cidFont.setItem(COSName.CIDSYSTEMINFO, systemInfo);
            COSDictionary descriptor = new COSDictionary();
            descriptor.setItem(COSName.TYPE, COSName.FONT_DESC);
            descriptor.setItem(COSName.FONT_NAME, COSName.getPDFName("STSong-Light"));
            descriptor.setInt(COSName.FLAGS, 6);
            COSArray box = new COSArray();
            for (int value : new int[] {-25, -254, 1000, 880}) {
                box.add(COSInteger.get(value));
            }
            descriptor.setItem(COSName.FONT_BBOX, box);
            descriptor.setInt(COSName.ASCENT, 880);
            descriptor.setInt(COSName.DESCENT, -120);
            cidFont.setItem(COSName.FONT_DESC, descriptor);
            COSArray descendants = new COSArray();
            descendants.add(cidFont);
            COSDictionary font = new COSDictionary();
            font.setItem(COSName.TYPE, COSName.FONT);
            font.setItem(COSName.SUBTYPE, COSName.TYPE0);
            font.setItem(COSName.BASE_FONT, COSName.getPDFName("STSong-Light-UniGB-UCS2-H"));
            font.setItem(COSName.ENCODING, COSName.getPDFName("UniGB-UCS2-H"));
            font.setItem(COSName.DESCENDANT_FONTS, descendants);
            PDResources resources = new PDResources();
            COSDictionary fonts = new COSDictionary();
            fonts.setItem(COSName.getPDFName("F1"), font);
            resources.getCOSObject().setItem(COSName.FONT, fonts);

            StringBuilder content = new StringBuilder();
            float y = 780;
            for (String line : lines) {
                StringBuilder hex = new StringBuilder();
                for (char c : line.toCharArray()) {
                    hex.append(String.format("%04X", (int) c));
                }
                content.append("BT /F1 12 Tf 50 ").append(y).append(" Td <").append(hex).append("> Tj ET\n");
                y -= 20;
            }
            PDPage page = new PDPage();
            page.setResources(resources);
            page.setContents(new PDStream(document, new ByteArrayInputStream(content.toString().getBytes(StandardCharsets.US_ASCII))));
            document.addPage(page);
            if (ownerPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, "", new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}
