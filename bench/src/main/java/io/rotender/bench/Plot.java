package io.rotender.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A PNG of a run: latency over time (p50 and p99 per second, one colour per stage) above throughput per
 * second, so runs can be compared across commits at a glance. Headless AWT, no dependency.
 */
final class Plot {

    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b)};
    private static final int W = 1000;
    private static final int H = 700;

    private Plot() {
    }

    static void write(Path file, String title, List<Samples> stages) throws Exception {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = titled(image, title);
        double maxSecond = 1;
        double maxLatency = 1;
        double maxCount = 1;
        for (Samples stage : stages) {
            for (double[] row : stage.perSecond()) {
                maxSecond = Math.max(maxSecond, row[0] + 1);
                maxLatency = Math.max(maxLatency, row[3]);
                maxCount = Math.max(maxCount, row[1]);
            }
        }
        panel(g, 60, 50, W - 100, 330, "latency per second (ms): p50 thin, p99 thick", maxSecond, maxLatency);
        panel(g, 60, 430, W - 100, 220, "completed per second", maxSecond, maxCount);
        int legend = 0;
        for (int i = 0; i < stages.size(); i++) {
            Samples stage = stages.get(i);
            g.setColor(COLOURS[i % COLOURS.length]);
            List<double[]> rows = stage.perSecond();
            line(g, rows, 2, 60, 50, W - 100, 330, maxSecond, maxLatency, 1f);
            line(g, rows, 3, 60, 50, W - 100, 330, maxSecond, maxLatency, 2.5f);
            line(g, rows, 1, 60, 430, W - 100, 220, maxSecond, maxCount, 2f);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(stage.name, 70 + legend, 44);
            legend += g.getFontMetrics().stringWidth(stage.name) + 24;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /**
     * A latency curve: for each fixed rate (x), p50 (thin) and p99 (thick) of POST-to-201 and of code-to-Pour,
     * with the knee's bound as a dashed line.
     */
    static void curve(Path file, String title, List<java.util.Map<String, Object>> points) throws Exception {
        BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = titled(image, title);
        double maxRate = 1;
        double maxLatency = OrderFlowBench.KNEE_P99_MS * 1.2;
        for (java.util.Map<String, Object> p : points) {
            maxRate = Math.max(maxRate, ((Number) p.get("rate")).doubleValue() * 1.05);
            maxLatency = Math.max(maxLatency, ((Number) p.get("post_to_201_p99_ms")).doubleValue());
            maxLatency = Math.max(maxLatency, ((Number) p.get("code_to_pour_p99_ms")).doubleValue());
        }
        maxLatency = Math.min(maxLatency, 2000); // past 2 s the curve only says "saturated"
        int x = 60;
        int y = 50;
        int w = W - 100;
        int h = H - 110;
        panel(g, x, y, w, h, "latency (ms) by fixed rate (orders/s), from each order's scheduled send; capped at 2 s", maxRate, maxLatency, "/s");
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 6f}, 0f));
        int knee = y + h - (int) (OrderFlowBench.KNEE_P99_MS / maxLatency * h);
        g.drawLine(x, knee, x + w, knee);
        String[][] series = {{"post_to_201_p50_ms", "post_to_201_p99_ms", "POST to 201"}, {"code_to_pour_p50_ms", "code_to_pour_p99_ms", "code to Pour"}};
        int legend = 0;
        for (int i = 0; i < series.length; i++) {
            g.setColor(COLOURS[i]);
            for (int column = 0; column < 2; column++) {
                List<double[]> rows = new java.util.ArrayList<>();
                for (java.util.Map<String, Object> p : points) {
                    rows.add(new double[]{((Number) p.get("rate")).doubleValue(),
                            Math.min(maxLatency, ((Number) p.get(series[i][column])).doubleValue())});
                }
                line(g, rows, 1, x, y, w, h, maxRate, maxLatency, column == 0 ? 1f : 2.5f);
            }
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(series[i][2], 70 + legend, 44);
            legend += g.getFontMetrics().stringWidth(series[i][2]) + 24;
        }
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    /** A white canvas on {@code image} with {@code title} at the top (headless AWT). */
    private static Graphics2D titled(BufferedImage image, String title) {
        System.setProperty("java.awt.headless", "true");
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 20, 24);
        return g;
    }

    private static void panel(Graphics2D g, int x, int y, int w, int h, String label, double maxX, double maxY) {
        panel(g, x, y, w, h, label, maxX, maxY, "s");
    }

    private static void panel(Graphics2D g, int x, int y, int w, int h, String label, double maxX, double maxY, String xUnit) {
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 4; i++) {
            int yy = y + h - i * h / 4;
            g.drawLine(x, yy, x + w, yy);
        }
        g.setColor(Color.BLACK);
        g.drawRect(x, y, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            g.drawString(String.format("%.1f", maxY * i / 4), 5, y + h - i * h / 4 + 4);
        }
        for (int i = 0; i <= 5; i++) {
            g.drawString(String.format("%.0f%s", maxX * i / 5, xUnit), x + i * w / 5 - 8, y + h + 14);
        }
        g.drawString(label, x + 4, y + 14);
    }

    private static void line(Graphics2D g, List<double[]> rows, int column, int x, int y, int w, int h, double maxX, double maxY, float width) {
        g.setStroke(new BasicStroke(width));
        int px = -1;
        int py = -1;
        for (double[] row : rows) {
            int cx = x + (int) (row[0] / maxX * w);
            int cy = y + h - (int) (row[column] / maxY * h);
            if (px >= 0) {
                g.drawLine(px, py, cx, cy);
            }
            px = cx;
            py = cy;
        }
    }
}
