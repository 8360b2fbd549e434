<?php
/**
 * Plugin Name: Maqal tests only
 * Description: Switches the end-to-end tests flip on a throwaway WordPress. Never for a real site.
 */

defined( 'ABSPATH' ) || exit;

// One browser posts many comments in these tests: the flood check (15 s between comments from
// one address) applies only to the email address the flood test uses, and only by that address.
add_filter(
	'wp_is_comment_flood',
	function ( $is_flood, $ip, $email, $date ) {
		global $wpdb;
		if ( 'flood@example.com' !== $email ) {
			return false;
		}
		$last = $wpdb->get_var(
			$wpdb->prepare( "SELECT comment_date_gmt FROM $wpdb->comments WHERE comment_author_email = %s ORDER BY comment_date_gmt DESC LIMIT 1", $email )
		);
		return $last && ( strtotime( $date ) - strtotime( $last ) ) < 15;
	},
	100,
	4
);

// "A site with the REST API turned off", as the plugins that do it answer.
if ( get_option( 'maqal_test_rest_disabled' ) ) {
	add_filter(
		'rest_authentication_errors',
		function () {
			return new WP_Error( 'rest_disabled', 'The REST API is disabled on this site.', array( 'status' => 401 ) );
		}
	);
}

// "A site that does not allow this page's origin": no CORS headers at all.
if ( get_option( 'maqal_test_no_cors' ) ) {
	add_action(
		'rest_api_init',
		function () {
			remove_filter( 'rest_pre_serve_request', 'rest_send_cors_headers' );
		},
		100
	);
}

// Every mail WordPress would send (moderation requests, notices to post authors), logged to
// wp-content/maqal-mail.log instead, one JSON line each, for the tests to read.
add_filter(
	'pre_wp_mail',
	function ( $short_circuit, $atts ) {
		$to = is_array( $atts['to'] ) ? implode( ',', $atts['to'] ) : $atts['to'];
		file_put_contents( WP_CONTENT_DIR . '/maqal-mail.log', wp_json_encode( array( 'to' => $to, 'subject' => $atts['subject'], 'message' => $atts['message'] ) ) . "\n", FILE_APPEND );
		return true;
	},
	10,
	2
);

// A stand-in for an anti-spam plugin, on the hooks Akismet uses: a comment is checked on
// `preprocess_comment`, and one it judged spam is filed as spam on `pre_comment_approved`.
add_filter(
	'preprocess_comment',
	function ( $commentdata ) {
		if ( false !== strpos( (string) ( $commentdata['comment_content'] ?? '' ), 'casino-bonus' ) ) {
			$GLOBALS['maqal_test_spam'] = true;
		}
		return $commentdata;
	}
);
add_filter(
	'pre_comment_approved',
	function ( $approved ) {
		return empty( $GLOBALS['maqal_test_spam'] ) || is_wp_error( $approved ) ? $approved : 'spam';
	},
	99
);

// The benchmark's page of a post as WordPress alone renders it, beside the same page with the
// Maqal plugin: `?maqal=off` keeps the plugin away from that one request.
add_filter(
	'maqal_takes_comments',
	function ( $takes ) {
		return isset( $_GET['maqal'] ) && 'off' === $_GET['maqal'] ? false : $takes;
	}
);
