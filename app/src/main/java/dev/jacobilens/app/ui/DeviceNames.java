package dev.jacobilens.app.ui;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Devices as a person reads them: "cpu", "gpu 0" (DJL writes "cpu()" and "gpu(0)"). */
public final class DeviceNames {
    private static final Pattern DJL = Pattern.compile("([a-z]+)\\((\\d*)\\)");

    private DeviceNames() {
    }

    public static String shown(String device) {
        if (device == null) {
            return "";
        }
        Matcher m = DJL.matcher(device.trim());
        if (!m.matches()) {
            return device.trim();
        }
        return m.group(2).isEmpty() || m.group(1).equals("cpu") ? m.group(1) : m.group(1) + " " + m.group(2);
    }
}
