package dev.gatehouse.model;

/** The family of a target connection; decides how an operation is parsed. */
public enum Protocol {
    HTTP, POSTGRES, KUBERNETES, GIT, MYSQL
}
