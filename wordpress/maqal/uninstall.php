<?php
/**
 * Deleting the plugin (Plugins → Delete) removes what it stored: its settings. Comments posted
 * through Maqal are the site's own comments and stay.
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

delete_option( 'maqal_settings' );
