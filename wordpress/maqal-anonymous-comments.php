<?php
/**
 * Plugin Name: Maqal — comments from the Maqal widget
 * Description: Lets readers post comments through the REST API without an account, as the
 *              site's own comment form already lets them. Everything else stays as the site's
 *              discussion settings say: moderation, required name and email, closed comments,
 *              flood and duplicate checks, comment blocklists.
 * Version:     1.0.0
 * License:     MIT
 *
 * Install: copy this file into wp-content/mu-plugins/ (create the folder if it is missing).
 * Must-use plugins load on their own; there is nothing to activate.
 */

defined( 'ABSPATH' ) || exit;

// WordPress accepts anonymous comments through wp-comments-post.php but, by default, not
// through POST /wp/v2/comments. This is the one switch the widget needs.
add_filter( 'rest_allow_anonymous_comments', '__return_true' );
