package io.rotender.systemtests.probe;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads of the platform's databases for checks: each row as a list of column values. User postgres, no password (the local run). */
public final class Database {

    private Database() {
    }

    public static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "");
    }

    /** The rows of {@code sql}; a {@code String[]} or {@code Collection} parameter is bound as a text array. */
    public static List<List<Object>> rows(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                Object p = parameters[i];
                if (p instanceof java.util.Collection<?> values) {
                    s.setArray(i + 1, c.createArrayOf("text", values.toArray()));
                } else if (p instanceof String[] values) {
                    s.setArray(i + 1, c.createArrayOf("text", values));
                } else {
                    s.setObject(i + 1, p);
                }
            }
            List<List<Object>> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
