package io.rotender.menu.catalog;

import java.util.List;

/** A drink's recipe as stored: a JSON object {@code {"lines": [...]}} (Hibernate Reactive maps JSON objects). */
public record Recipe(List<RecipeLine> lines) {
}
