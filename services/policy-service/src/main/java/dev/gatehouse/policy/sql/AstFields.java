package dev.gatehouse.policy.sql;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The child objects of a JSqlParser AST node, read from its fields (cached per class). Walking fields
 * rather than visitor methods means a clause JSqlParser models but a visitor forgets is still seen.
 */
final class AstFields {

    private static final String AST_PACKAGE = "net.sf.jsqlparser.";
    private static final String PARSER_PACKAGE = "net.sf.jsqlparser.parser.";

    /** Fields holding names that are not relations: FOR UPDATE OF aliases, resolver back-references. */
    private static final Set<String> SKIPPED = Set.of(
            "net.sf.jsqlparser.statement.select.Select.forUpdateTables",
            "net.sf.jsqlparser.statement.select.ForUpdateClause.tables",
            "net.sf.jsqlparser.schema.Table.resolvedTable",
            "net.sf.jsqlparser.schema.Column.resolvedTable",
            "net.sf.jsqlparser.schema.Column.table");

    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c.getName().startsWith(AST_PACKAGE); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (isChildField(field)) {
                        field.setAccessible(true);
                        fields.add(field);
                    }
                }
            }
            return fields.toArray(Field[]::new);
        }
    };

    private AstFields() {
    }

    static boolean isAstNode(Object value) {
        String name = value.getClass().getName();
        return name.startsWith(AST_PACKAGE) && !name.startsWith(PARSER_PACKAGE) && !value.getClass().isEnum();
    }

    static List<Object> children(Object node) {
        Field[] fields = FIELDS.get(node.getClass());
        List<Object> children = new ArrayList<>(fields.length);
        for (Field field : fields) {
            Object value;
            try {
                value = field.get(node);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read " + field, e);
            }
            if (value instanceof Object[] array) {
                children.addAll(Arrays.asList(array));
            } else if (value != null) {
                children.add(value);
            }
        }
        return children;
    }

    private static boolean isChildField(Field field) {
        Class<?> type = field.getType();
        return !Modifier.isStatic(field.getModifiers()) && !type.isPrimitive() && type != String.class
                && !type.isEnum() && !type.getName().startsWith(PARSER_PACKAGE)
                && !SKIPPED.contains(field.getDeclaringClass().getName() + "." + field.getName());
    }
}
