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
