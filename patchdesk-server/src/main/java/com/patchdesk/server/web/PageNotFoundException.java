package com.patchdesk.server.web;

/**
 * A page asked for something that does not exist or that the signed-in user may not see. Both answer 404,
 * so that a customer cannot learn which case numbers of other organisations exist.
 */
class PageNotFoundException extends RuntimeException {

    PageNotFoundException(String what) {
        super(what, null, false, false);
    }
}
