package dev.jacobilens.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way a device is written in recordings, exports and on screen: {@code cpu},
 * {@code gpu 0}. The engine (DJL) names them {@code cpu()} and {@code gpu(0)}, and
 * {@code --device} takes {@code gpu:0}; older recordings hold the engine's names and are shown
 * the same way.
 */
public final class DeviceNames {
    private static final Pattern ENGINE_NAME = Pattern.compile("([a-z]+)(?:\\((\\d*)\\)|:(\\d+))");

    private DeviceNames() {
    }

    /**
     * {@code cpu()} → {@code cpu}, {@code gpu(0)} and {@code gpu:0} → {@code gpu 0}; other names
     * unchanged; null stays null.
     */
    public static String shown(String device) {
        if (device == null) {
            return null;
        }
        Matcher m = ENGINE_NAME.matcher(device.trim());
        if (!m.matches()) {
            return device.trim();
        }
        String type = m.group(1);
        String id = m.group(2) != null ? m.group(2) : m.group(3);
        return type.equals("cpu") || id.isEmpty() ? type : type + " " + id;
    }
}
