package org.p2pstack.core.internal.dapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResolutionMessagesTest {

    @Test
    void aMissingPackageIsNamedInPlainWords() {
        // the message Felix gave for the review's guestbook 1.3.0, which used Jackson
        String felix = "Unable to resolve org.example.guestbook [90](R 90.0): missing requirement [org.example.guestbook [90](R 90.0)] "
                + "osgi.wiring.package; (&(osgi.wiring.package=com.fasterxml.jackson.databind)(version>=2.17.0)(!(version>=3.0.0))) "
                + "Unresolved requirements: [[org.example.guestbook [90](R 90.0)] osgi.wiring.package; "
                + "(&(osgi.wiring.package=com.fasterxml.jackson.databind)(version>=2.17.0)(!(version>=3.0.0)))]";
        assertEquals("It needs package com.fasterxml.jackson.databind 2.17 or later, which this node does not provide.",
                ResolutionMessages.explain(felix));
    }

    @Test
    void severalNeedsAreListedAndBounded() {
        String felix = "(osgi.wiring.package=a.b) (osgi.wiring.package=c.d)(version>=1.0.0) (osgi.wiring.package=e.f) "
                + "(osgi.wiring.package=g.h) (osgi.wiring.package=i.j)";
        String plain = ResolutionMessages.explain(felix);
        assertTrue(plain.startsWith("It needs package a.b, package c.d 1 or later, package e.f and 2 more"), plain);
    }

    @Test
    void otherMessagesAreShortenedNotLost() {
        assertEquals("Activator start error in bundle x [7].", ResolutionMessages.explain("Activator start error\n in bundle x [7]."));
        assertTrue(ResolutionMessages.explain("y".repeat(1000)).length() < 310);
        assertEquals("", ResolutionMessages.explain(null));
    }
}
