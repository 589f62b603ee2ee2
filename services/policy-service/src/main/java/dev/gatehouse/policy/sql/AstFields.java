package dev.gatehouse.policy.sql;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

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

    /** A child-holding field and its name as {@code DeclaringClass.field}. */
    private record ChildField(Field field, String name) {
    }

    private static final ClassValue<ChildField[]> FIELDS = new ClassValue<>() {
        @Override
        protected ChildField[] computeValue(Class<?> type) {
            List<ChildField> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c.getName().startsWith(AST_PACKAGE); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (isChildField(field)) {
                        field.setAccessible(true);
                        String owner = c.getName().substring(c.getName().lastIndexOf('.') + 1);
                        fields.add(new ChildField(field, owner + "." + field.getName()));
                    }
                }
            }
            return fields.toArray(ChildField[]::new);
        }
    };

    private AstFields() {
    }

    static boolean isAstNode(Object value) {
        String name = value.getClass().getName();
        return name.startsWith(AST_PACKAGE) && !name.startsWith(PARSER_PACKAGE) && !value.getClass().isEnum();
    }

    static List<Object> children(Object node) {
        ChildField[] fields = FIELDS.get(node.getClass());
        List<Object> children = new ArrayList<>(fields.length);
        for (ChildField field : fields) {
            add(children, read(field.field(), node));
        }
        return children;
    }

    /**
     * Each child with the field it was read from, as {@code DeclaringClass.field} ({@code PlainSelect.where},
     * {@code Select.orderByElements}): for walks where a child's meaning depends on its clause.
     */
    static void forEachChild(Object node, BiConsumer<String, Object> action) {
        for (ChildField field : FIELDS.get(node.getClass())) {
            Object value = read(field.field(), node);
            if (value instanceof Object[] array) {
                Arrays.asList(array).forEach(element -> action.accept(field.name(), element));
            } else if (value != null) {
                action.accept(field.name(), value);
            }
        }
    }

    private static Object read(Field field, Object node) {
        try {
            return field.get(node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + field, e);
        }
    }

    private static void add(List<Object> children, Object value) {
        if (value instanceof Object[] array) {
            children.addAll(Arrays.asList(array));
        } else if (value != null) {
            children.add(value);
        }
    }

    private static boolean isChildField(Field field) {
        Class<?> type = field.getType();
        return !Modifier.isStatic(field.getModifiers()) && !type.isPrimitive() && type != String.class
                && !type.isEnum() && !type.getName().startsWith(PARSER_PACKAGE)
                && !SKIPPED.contains(field.getDeclaringClass().getName() + "." + field.getName());
    }
}
