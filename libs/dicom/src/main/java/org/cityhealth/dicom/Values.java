package org.cityhealth.dicom;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Decoding of element values into strings and numbers, shared by {@link Dataset} and {@link DicomJson}. */
final class Values {
    private Values() {
    }

    static List<String> strings(Element element, CharacterSets characterSets) {
        byte[] value = element.value();
        VR vr = element.vr();
        if (vr.isText()) {
            String text = characterSets.decode(value, 0, value.length);
            List<String> values = new ArrayList<>();
            if (vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UR) {
                values.add(stripTrailing(text));
            } else {
                for (String part : text.split("\\\\", -1)) {
                    values.add(vr == VR.UI ? stripTrailing(part).strip() : part.strip());
                }
            }
            return values;
        }
        if (vr.kind() != VR.Kind.BINARY) {
            return List.of();
        }
        ByteBuffer buffer = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        List<String> values = new ArrayList<>();
        int unit = vr.unitSize() == 2 && vr == VR.AT ? 4 : vr.unitSize();
        while (buffer.remaining() >= unit) {
            values.add(switch (vr) {
                case US -> Integer.toString(Short.toUnsignedInt(buffer.getShort()));
                case SS -> Short.toString(buffer.getShort());
                case UL -> Integer.toUnsignedString(buffer.getInt());
                case SL -> Integer.toString(buffer.getInt());
                case SV -> Long.toString(buffer.getLong());
                case UV -> Long.toUnsignedString(buffer.getLong());
                case FL -> Float.toString(buffer.getFloat());
                case FD -> Double.toString(buffer.getDouble());
                case AT -> Tag.toString((Short.toUnsignedInt(buffer.getShort()) << 16)
                        | Short.toUnsignedInt(buffer.getShort()));
                default -> throw new IllegalStateException(vr.name());
            });
        }
        return values;
    }

    static double[] numbers(Element element, IntFunction<List<String>> strings) {
        VR vr = element.vr();
        if (vr == VR.AT || vr.kind() != VR.Kind.BINARY && vr != VR.IS && vr != VR.DS) {
            return new double[0];
        }
        if (vr.kind() == VR.Kind.BINARY) {
            ByteBuffer buffer = ByteBuffer.wrap(element.value()).order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[buffer.remaining() / vr.unitSize()];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (vr) {
                    case US -> Short.toUnsignedInt(buffer.getShort());
                    case SS -> buffer.getShort();
                    case UL -> Integer.toUnsignedLong(buffer.getInt());
                    case SL -> buffer.getInt();
                    case SV -> buffer.getLong();
                    case UV -> buffer.getLong();
                    case FL -> buffer.getFloat();
                    case FD -> buffer.getDouble();
                    default -> throw new IllegalStateException(vr.name());
                };
            }
            return values;
        }
        List<String> texts = strings.apply(element.tag());
        double[] values = new double[texts.size()];
        int count = 0;
        for (String text : texts) {
            try {
                values[count] = Double.parseDouble(text);
                count++;
            } catch (NumberFormatException e) {
                // A value that is not a number is skipped: getters answer only what they can read.
            }
        }
        return java.util.Arrays.copyOf(values, count);
    }

    /** DS text (at most 16 characters, PS3.5 §6.2) for a double: the shortest decimal that fits. */
    static String decimalString(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String text = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        if (text.length() <= 16) {
            return text;
        }
        for (int digits = 15; digits > 0; digits--) {
            String candidate = String.format("%." + digits + "G", value).replace("E+", "E");
            if (candidate.length() <= 16) {
                return candidate;
            }
        }
        return Double.toString(value);
    }

    private static String stripTrailing(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\0')) {
            end--;
        }
        return text.substring(0, end);
    }
}
