package dev.gatehouse.model;

public enum Verdict {
    ALLOW, DENY, REVIEW
}
