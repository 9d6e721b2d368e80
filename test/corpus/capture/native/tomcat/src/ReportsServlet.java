import jakarta.servlet.UnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A servlet that is temporarily unavailable: Tomcat answers 503 (with Retry-After when it has seconds). */
public class ReportsServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws UnavailableException {
        throw new UnavailableException("Reports are being rebuilt", 120);
    }
}
